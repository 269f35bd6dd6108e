import { mountPopup } from '../../components/popup/mount';

mountPopup('options');
